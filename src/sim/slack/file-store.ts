import { randomBytes } from 'node:crypto';

/** A file going through Slack's external upload: URL requested, bytes uploaded, completed. */
export interface SimFile {
  id: string;
  filename: string;
  title: string;
  /** The length the client announced in `files.getUploadURLExternal`. */
  length: number;
  altText?: string;
  /** The bytes posted to the upload URL, once they arrive. */
  bytes?: Buffer;
  completed: boolean;
  /** Where it was shared: channel IDs and the message ts. */
  shares: Array<{ channel: string; ts: string }>;
}

export class FileStore {
  private readonly files = new Map<string, SimFile>();

  create(input: { filename: string; length: number; altText?: string }): SimFile {
    const file: SimFile = {
      id: `F${randomBytes(5).toString('hex').toUpperCase()}`,
      filename: input.filename,
      title: input.filename,
      length: input.length,
      ...(input.altText ? { altText: input.altText } : {}),
      completed: false,
      shares: [],
    };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): SimFile | undefined {
    return this.files.get(id);
  }

  /** Stores uploaded bytes; false when the upload URL names no pending file. */
  receive(id: string, bytes: Buffer): boolean {
    const file = this.files.get(id);
    if (!file || file.completed) return false;
    file.bytes = bytes;
    return true;
  }

  all(): SimFile[] {
    return [...this.files.values()];
  }
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
};

/** The `file` object Slack returns, with URLs served by the simulator. */
export function fileJson(file: SimFile, baseUrl: string, userId: string): Record<string, unknown> {
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? 'binary';
  return {
    id: file.id,
    name: file.filename,
    title: file.title,
    mimetype: MIME_TYPES[extension] ?? 'application/octet-stream',
    filetype: extension,
    size: file.bytes?.length ?? file.length,
    user: userId,
    url_private: `${baseUrl}/files/${file.id}/${encodeURIComponent(file.filename)}`,
    permalink: `${baseUrl}/files/${file.id}/${encodeURIComponent(file.filename)}`,
    channels: [...new Set(file.shares.map((share) => share.channel))],
    ...(file.altText ? { alt_txt: file.altText } : {}),
  };
}
