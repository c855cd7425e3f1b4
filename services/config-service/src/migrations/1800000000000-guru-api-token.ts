import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seller's Guru API user token (issue 17, importing past sales): sealed like the Vhsys tokens
 * (SecretBox, its own key id so `config-service:reencrypt` moves it independently), with its last
 * 4 characters and when it was set. Never the clear token.
 */
export class GuruApiToken1800000000000 implements MigrationInterface {
  name = 'GuruApiToken1800000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`ALTER TABLE "${schema}"."integration"
      ADD COLUMN "guru_token_sealed" text,
      ADD COLUMN "guru_token_key_id" text,
      ADD COLUMN "guru_token_last4" text,
      ADD COLUMN "guru_token_set_at" timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`ALTER TABLE "${schema}"."integration"
      DROP COLUMN "guru_token_sealed", DROP COLUMN "guru_token_key_id", DROP COLUMN "guru_token_last4", DROP COLUMN "guru_token_set_at"`);
  }
}
