// Requests per second of a few pages, measured with autocannon against the
// built server, always beside a trivial Astro page in the same run.
import autocannon from 'autocannon';

export interface HttpResult {
  label: string;
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function measurePage(baseUrl: string, label: string, path: string, seconds: number, connections = 10): Promise<HttpResult> {
  // Warm up (JIT, caches), then measure.
  await autocannon({ url: baseUrl + path, connections, duration: 1 });
  const result = await autocannon({ url: baseUrl + path, connections, duration: seconds });
  return {
    label,
    path,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
