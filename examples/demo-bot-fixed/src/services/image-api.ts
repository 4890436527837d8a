const API_URL = process.env.IMAGE_API_URL ?? 'https://images.example.com/v1/generate';

export interface ImageJob {
  prompt: string;
  userId: number;
}

export async function generateImage(job: ImageJob): Promise<string> {
  const response = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.IMAGE_API_KEY}` },
    body: JSON.stringify({ prompt: job.prompt }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`image API answered ${response.status}`);
  const data = (await response.json()) as { url: string };
  return data.url;
}
