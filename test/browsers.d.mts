export declare const engines: {
  chromium: { executable: string };
  firefox: { executable: string };
  webkit: { executable: string; driver: string; xvfb: string };
};
export declare const engineNames: ('chromium' | 'firefox' | 'webkit')[];
export declare function missingPackages(names?: string[]): string[];
