export declare const FIRST_SCREEN: string;
export declare function flowChunks(names: string[]): string[];
export declare function everyStepChunks(names: string[]): string[];
