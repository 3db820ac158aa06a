// Renamed to ecr-auth.ts (ECR authentication) beside registry-api.ts (the OCI registry client);
// kept re-exporting while other actions move their imports.
export { dockerLogin, ecrCredentials, ecrRegistryHost, type RegistryCredentials } from './ecr-auth.js';
