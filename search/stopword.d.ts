// The `stopword` package ships no type declarations; these are the two lists search/analysis.ts uses.
declare module 'stopword' {
  export const eng: string[];
  export const zho: string[];
}
