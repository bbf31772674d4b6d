// Images pasted or dropped into a post's textarea upload at once
// (/community/images/upload) and their Markdown goes in at the cursor. Without
// JavaScript the form's file input does the same when the post is sent.
interface UploadAnswer {
  images?: { markdown: string }[];
  error?: string;
}

function insertAtCursor(textarea: HTMLTextAreaElement, text: string): void {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  const before = textarea.value.slice(0, start);
  const after = textarea.value.slice(end);
  const lead = before && !before.endsWith('\n') ? '\n\n' : '';
  const trail = after && !after.startsWith('\n') ? '\n\n' : '';
  textarea.value = `${before}${lead}${text}${trail}${after}`;
  const cursor = before.length + lead.length + text.length;
  textarea.setSelectionRange(cursor, cursor);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

class ImagePaste extends HTMLElement {
  connectedCallback() {
    const textarea = document.getElementById(this.dataset.target ?? '');
    const status = this.querySelector('[data-status]');
    if (!(textarea instanceof HTMLTextAreaElement) || !(status instanceof HTMLElement)) return;
    const upload = async (files: File[]) => {
      const images = files.filter((f) => f.type.startsWith('image/'));
      if (images.length === 0) return false;
      const body = new FormData();
      for (const file of images) body.append('images', file, file.name || 'pasted-image.png');
      status.textContent = images.length === 1 ? 'Uploading the image…' : `Uploading ${images.length} images…`;
      try {
        const response = await fetch('/community/images/upload', { method: 'POST', body, credentials: 'same-origin' });
        const answer = (await response.json()) as UploadAnswer;
        if (!response.ok || !answer.images) {
          status.textContent = answer.error ?? 'The image could not be uploaded.';
          return true;
        }
        insertAtCursor(textarea, answer.images.map((i) => i.markdown).join('\n\n'));
        status.textContent = answer.images.length === 1 ? 'Image added.' : `${answer.images.length} images added.`;
      } catch {
        status.textContent = 'The image could not be uploaded. Try the file input instead.';
      }
      return true;
    };
    textarea.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.some((f) => f.type.startsWith('image/'))) {
        event.preventDefault();
        void upload(files);
      }
    });
    textarea.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    textarea.addEventListener('drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.some((f) => f.type.startsWith('image/'))) {
        event.preventDefault();
        void upload(files);
      }
    });
  }
}

customElements.define('image-paste', ImagePaste);
