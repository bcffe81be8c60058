/** Whether this Node runs `.ts` files directly (type stripping on by default: 22.18+, 23.6+, 24+). */
export declare function stripsTypes(version: string): boolean;
