import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function findUser(telegramId: number) {
  try {
    const { rows } = await pool.query('SELECT id, balance FROM users WHERE telegram_id = $1', [telegramId]);
    return rows[0] ?? null;
  } catch (error) {
    console.error('findUser failed', error);
    return null;
  }
}

/** Parses a positive whole amount typed by a user; `null` when it is not one. */
export function parseAmount(text: string | undefined, max = 1_000_000): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) && value > 0 && value <= max ? value : null;
}

/** Keeps a generated image in the gallery, where other users browse it. */
export async function saveImage(prompt: string, url: string) {
  await pool.query('INSERT INTO images (prompt, url) VALUES ($1, $2)', [prompt, url]);
}
