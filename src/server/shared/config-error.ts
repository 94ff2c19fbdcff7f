/** A configuration the server cannot start with (the environment, the clients file, the deployment file): the start says why and stops. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
