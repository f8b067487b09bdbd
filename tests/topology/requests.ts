import { TokenService } from '../../api/auth/tokens';
import { call, type Reply } from './http';

/** A request the API accepted (2xx with an id), and which replica accepted it. */
export interface Accepted {
  key: string;
  id: string;
  instance?: string;
  /** Calls that failed (reset connection, 5xx) before this one was accepted. */
  retries: number;
}

const createBody = (n: number) => ({
  categoryCode: 'NOISE',
  type: '投诉',
  description: `topology ${n}`,
  location: { unitCode: 'G-DFX-01', address: '多福巷12号' },
  citizen: { name: '拓扑', phone: '13800000000' },
});

/** The calls the topology tests make, with tokens of the roles they need. */
export class RequestsApi {
  private constructor(
    private readonly base: string,
    private readonly auth: Record<'intake' | 'handler' | 'supervisor', Record<string, string>>,
  ) {}

  static async create(base: string, jwtSecret: string): Promise<RequestsApi> {
    const tokens = new TokenService(jwtSecret);
    const bearer = async (role: 'intake' | 'handler' | 'supervisor', unitCode?: string) => ({
      authorization: `Bearer ${await tokens.mint({ subject: `topology-${role}`, role, unitCode })}`,
    });
    return new RequestsApi(base, { intake: await bearer('intake'), handler: await bearer('handler', 'S-DHM'), supervisor: await bearer('supervisor') });
  }

  /**
   * Creates request `n` as a client should: on a network error or a 5xx it tries again with the
   * same Idempotency-Key (the API then answers with the request it already accepted), until
   * `deadline`. So every call ends in one accepted request, or throws.
   */
  async createUntilAccepted(key: string, n: number, deadline: number): Promise<Accepted> {
    let retries = 0;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const reply = await call(this.base, 'POST', '/v1/requests', { ...this.auth.intake, 'idempotency-key': key }, createBody(n));
        const id = (reply.body as { id?: string } | undefined)?.id;
        if ((reply.status === 201 || reply.status === 200) && id) return { key, id, instance: reply.instance, retries };
        last = `${reply.status} ${JSON.stringify(reply.body)}`;
        // 409/429 and 5xx are answers a client retries (a replica or worker is being replaced).
        if (reply.status < 500 && reply.status !== 409 && reply.status !== 429) throw new Error(`create ${key}: ${last}`);
      } catch (err) {
        if (String(err).includes(`create ${key}:`)) throw err;
        last = String(err);
      }
      retries += 1;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`create ${key} not accepted in time: ${last}`);
  }

  health(): Promise<Reply> {
    return call(this.base, 'GET', '/healthz', {});
  }

  get(id: string): Promise<Reply> {
    return call(this.base, 'GET', `/v1/requests/${id}`, this.auth.supervisor);
  }

  sign(id: string): Promise<Reply> {
    return call(this.base, 'POST', `/v1/requests/${id}/sign`, this.auth.handler, {});
  }

  /**
   * Signs as a client honouring the contract would: a 503 (the API's bound on a Temporal call ran
   * out, e.g. while the server hands a dead worker's workflows to another) is retried after a
   * pause, and a retry that finds the request already signed counts (the first try got through).
   */
  async signUntilDone(id: string, deadline: number): Promise<Reply> {
    for (;;) {
      const reply = await this.sign(id);
      if (reply.status !== 503 || Date.now() > deadline) {
        const status = (reply.body as { error?: { details?: { status?: string } } } | undefined)?.error?.details?.status;
        if (reply.status === 409 && status === 'SIGNED') return { ...reply, status: 200 };
        return reply;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  /** Moves the resolve deadline (a supervisor's override): its timer then fires at `at`. */
  overrideDeadline(id: string, at: Date): Promise<Reply> {
    return call(this.base, 'PUT', `/v1/requests/${id}/deadline`, this.auth.supervisor, { deadline: at.toISOString(), reason: 'topology test' });
  }

  async eventTypes(id: string): Promise<string[]> {
    const reply = await call(this.base, 'GET', `/v1/requests/${id}/timeline`, this.auth.supervisor);
    if (reply.status !== 200) throw new Error(`timeline ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return (reply.body as { items: { type: string }[] }).items.map((e) => e.type);
  }
}
