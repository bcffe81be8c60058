// Endpoints of this area are declared here.
export {};
