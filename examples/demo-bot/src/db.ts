import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function findUser(telegramId: number) {
  try {
    const { rows } = await pool.query('SELECT id, balance FROM users WHERE telegram_id = $1', [telegramId]);
    return rows[0] ?? null;
  } catch {
    return null;
  }
}

/** Keeps a generated image in the gallery, where other users browse it. */
export async function saveImage(prompt: string, url: string) {
  await pool.query('INSERT INTO images (prompt, url) VALUES ($1, $2)', [prompt, url]);
}
