-- Pushed authorization requests moved to the FlowTransactions Durable Objects, beside the
-- transactions they start (server/storage/pushed-requests.ts).
DROP TABLE pushed_requests;
