export declare const webkitCapabilities: WebdriverIO.Capabilities;
export declare function startWebKitDriver(): Promise<{ port: number; stop(): Promise<void> }>;
