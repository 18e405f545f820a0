import type { ConsentRecordView, ManageRequests, ManageView } from '../server/manage/types.js';
import { callBank } from './flow-client.js';

export type ManageRoute = keyof ManageRequests;

/**
 * The manage mode's door to the bank: 連携サービス一覧's API (server/routes/manage/). Like the
 * flow's transaction, the session handle lives in this object only.
 */
export class ManageClient {
  private session = '';

  get started(): boolean {
    return this.session !== '';
  }

  async start(): Promise<ManageView> {
    const started = await callBank<{ transaction: string; view: ManageView }>(
      'POST',
      '/manage/start',
      '',
      {},
    );
    this.session = started.transaction;
    return started.view;
  }

  /** Where the session is now, e.g. to resume after a network failure. */
  async current(): Promise<ManageView> {
    return (await callBank<{ view: ManageView }>('GET', '/manage/view', this.session)).view;
  }

  /** 同意記録: the signed consent records of one of the customer's grants. */
  async consentRecords(grantId: string): Promise<ConsentRecordView[]> {
    const path = `/manage/grants/${encodeURIComponent(grantId)}/consent-records`;
    return (await callBank<{ records: ConsentRecordView[] }>('GET', path, this.session)).records;
  }

  async send<R extends ManageRoute>(route: R, body: ManageRequests[R]): Promise<ManageView> {
    return (await callBank<{ view: ManageView }>('POST', route, this.session, body)).view;
  }
}
