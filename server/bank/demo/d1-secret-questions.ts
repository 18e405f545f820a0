import { UNMATCHABLE_HASH, verifySecret } from '../../crypto/password-hash.js';
import { readRow } from '../../storage/d1-reads.js';
import type { RiskSignals, SecretQuestion, SecretQuestions } from '../ports.js';

interface QuestionRow {
  id: string;
  question_ja: string;
  question_en: string;
}

const toQuestion = (row: QuestionRow): SecretQuestion => ({
  id: row.id,
  text: { ja: row.question_ja, en: row.question_en },
});

export class D1SecretQuestions implements SecretQuestions, RiskSignals {
  constructor(private readonly db: D1Database) {}

  async questionFor(customerId: string): Promise<SecretQuestion | null> {
    const row = await readRow<QuestionRow>(
      this.db,
      this.db
        .prepare(
          'SELECT id, question_ja, question_en FROM bank_secret_questions WHERE customer_id = ? ORDER BY id LIMIT 1',
        )
        .bind(customerId),
    );
    return row ? toQuestion(row) : null;
  }

  async question(questionId: string): Promise<SecretQuestion | null> {
    const row = await readRow<QuestionRow>(
      this.db,
      this.db
        .prepare('SELECT id, question_ja, question_en FROM bank_secret_questions WHERE id = ?')
        .bind(questionId),
    );
    return row ? toQuestion(row) : null;
  }

  async verifyAnswer(customerId: string, questionId: string, answer: string): Promise<boolean> {
    const row = await this.db
      .prepare('SELECT answer_hash FROM bank_secret_questions WHERE id = ? AND customer_id = ?')
      .bind(questionId, customerId)
      .first<{ answer_hash: string }>();
    const matches = await verifySecret(answer.trim(), row?.answer_hash ?? UNMATCHABLE_HASH);
    return row !== null && matches;
  }

  async flaggedForStepUp(customerId: string): Promise<boolean> {
    // Read with whatever else this turn reads (the flow's login: the account list).
    const row = await readRow<{ requires_step_up: number }>(
      this.db,
      this.db.prepare('SELECT requires_step_up FROM bank_customers WHERE id = ?').bind(customerId),
    );
    return row?.requires_step_up === 1;
  }
}
