// Queries of this aggregate live here.
export {};
