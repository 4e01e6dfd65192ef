/** Labels gantry puts on what it creates, so it finds its own and never touches others'. */
export const LABELS = {
  /** The gantry install (its data directory) that owns the container. */
  instance: 'gantry.instance',
  /** The pool the container belongs to. */
  pool: 'gantry.pool',
  /** The worker id the pool knows the container by. */
  workerId: 'gantry.worker-id',
  /** On the reference image: hash of what went into it, so a changed worker rebuilds. */
  contentHash: 'gantry.content-hash',
} as const;

/** The port every worker container listens on inside (`PORT`). */
export const CONTAINER_PORT = 8080;

/** The Engine API key of the worker port, in `ExposedPorts` and `PortBindings`. */
export const PORT_KEY = `${CONTAINER_PORT}/tcp`;
