/**
 * Issue #14 point 4: the realistic mix of `BENCH_MIX=realistic` (bench/screens.ts attach): 200
 * clients over the regions of the national set and five roles, with a share of writes through the
 * real API, against the health baseline of the same run.
 */
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { BASE, cpuSeconds, fmt, line, load, login, quantile } from './screens-common.js';

/** One request of any method over a kept-alive connection; resolves with the status once the whole answer has arrived. */
function call(agent: Agent, method: string, url: string, headers: Record<string, string>, body?: Buffer, onAnswer?: (body: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${BASE}${url}`, { agent, method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => onAnswer && parts.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (onAnswer && status >= 200 && status < 300) onAnswer(Buffer.concat(parts).toString('utf8'));
        resolve(status);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request of the realistic mix: `route` names it in the figures (region and ids left out). */
interface MixRequest {
  route: string;
  method: 'GET' | 'POST';
  url: string;
  body?: () => { type: string; data: Buffer };
  /** Called with the body of a 2xx answer (a write that creates something later writes use). */
  onAnswer?: (body: string) => void;
}
/** One simulated user: a role in a region, the screens it reads in turn and, now and then, its write. */
interface MixUser {
  role: string;
  region: string;
  headers: Record<string, string>;
  reads: MixRequest[];
  write?: () => MixRequest;
}

/** A JW323 with one debit line on `a` (as a provider's billing system sends it), a fresh identification each time. */
function smallJw323(
  agb: string,
  a: { nummer: number; bsn: string; cat: string; code: string; eenheid: string; tarief: number; gemeente: string },
  n: number,
): Buffer {
  const now = new Date();
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // the month before this one: declared after it ended
  const month = m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
  const day = 1 + (n % 28);
  const today = now.toISOString().slice(0, 10);
  const id = `B${process.pid}${n}`.slice(0, 20);
  const volume = 1;
  const amount = volume * a.tarief;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">
<jw323:Header><jw323:BerichtCode>490</jw323:BerichtCode><jw323:BerichtVersie>3</jw323:BerichtVersie><jw323:BerichtSubversie>2</jw323:BerichtSubversie><jw323:Afzender>${agb}</jw323:Afzender><jw323:Ontvanger>${a.gemeente}</jw323:Ontvanger>
<jw323:BerichtIdentificatie><ijw:Identificatie>${id}</ijw:Identificatie><ijw:Dagtekening>${today}</ijw:Dagtekening></jw323:BerichtIdentificatie>
<jw323:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw323:XsdVersie></jw323:Header>
<jw323:Declaratie><jw323:DeclaratieNummer>${id}</jw323:DeclaratieNummer><jw323:DeclaratiePeriode><ijw:Begindatum>${month}-01</ijw:Begindatum><ijw:Einddatum>${month}-${last}</ijw:Einddatum></jw323:DeclaratiePeriode>
<jw323:DeclaratieDagtekening>${today}</jw323:DeclaratieDagtekening><jw323:TotaalIngediendBedrag><ijw:TotaalBedrag>${amount}</ijw:TotaalBedrag><ijw:DebetCredit>D</ijw:DebetCredit></jw323:TotaalIngediendBedrag>
<jw323:Clienten><jw323:Client><jw323:Bsn>${a.bsn}</jw323:Bsn><jw323:Prestaties>
<jw323:Prestatie><jw323:ProductReferentie><ijw:ReferentieNummer>${id}-1</ijw:ReferentieNummer></jw323:ProductReferentie>
<jw323:ToewijzingNummer>${a.nummer}</jw323:ToewijzingNummer><jw323:ProductCategorie>${a.cat}</jw323:ProductCategorie><jw323:ProductCode>${a.code}</jw323:ProductCode>
<jw323:ProductPeriode><ijw:Begindatum>${month}-${String(day).padStart(2, '0')}</ijw:Begindatum><ijw:Einddatum>${month}-${String(day).padStart(2, '0')}</ijw:Einddatum></jw323:ProductPeriode>
<jw323:GeleverdVolume>${volume}</jw323:GeleverdVolume><jw323:Eenheid>${a.eenheid}</jw323:Eenheid><jw323:ProductTarief>${a.tarief}</jw323:ProductTarief>
<jw323:IngediendBedrag><ijw:Bedrag>${amount}</ijw:Bedrag><ijw:DebetCredit>D</ijw:DebetCredit></jw323:IngediendBedrag></jw323:Prestatie>
</jw323:Prestaties></jw323:Client></jw323:Clienten></jw323:Declaratie></jw323:Bericht>
`);
}

type BenchAllocation = { agb: string; nummer: number; bsn: string; cat: string; code: string; eenheid: string; tarief: number; gemeente: string };
/**
 * Setup only, from the database the server uses: one current allocation per region's bench
 * provider (the line of its declarations) and youths of the bench local team's municipality
 * without an open case (for its help requests).
 */
async function benchSetup(url: string | undefined): Promise<{ allocations: Map<string, BenchAllocation>; youths: Map<string, number[]> }> {
  const out = new Map<string, BenchAllocation>();
  const youths = new Map<string, number[]>();
  if (!url) return { allocations: out, youths };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      select distinct on (u.region_id) u.region_id, p.agb_code, a.toewijzing_nummer, y.bsn, a.product_categorie, a.product_code, a.eenheid, a.municipality_code,
        (select t.price_cents from tariffs t where t.provider_id = a.provider_id and t.product_code = a.product_code and t.eenheid = a.eenheid order by t.valid_from desc limit 1) as tarief
      from users u join providers p on p.id = u.provider_id
      join allocations a on a.provider_id = u.provider_id and a.region_id = u.region_id
      join youths y on y.id = a.youth_id
      where u.role = 'aanbieder' and u.username = 'aanbieder.' || u.region_id and a.stopdatum is null and a.product_code is not null
        and a.ingangsdatum <= current_date - 62 and (a.einddatum is null or a.einddatum >= current_date)
      order by u.region_id, a.toewijzing_nummer`);
    for (const r of rows)
      out.set(r.region_id, {
        agb: r.agb_code,
        nummer: r.toewijzing_nummer,
        bsn: r.bsn,
        cat: r.product_categorie ?? r.product_code.slice(0, 2),
        code: r.product_code,
        eenheid: r.eenheid ?? '04',
        tarief: Number(r.tarief ?? 1000),
        gemeente: r.municipality_code,
      });
    const y = await client.query(`
      select u.region_id, (array_agg(y.id order by y.id))[1:400] as ids
      from users u join youths y on y.region_id = u.region_id and y.municipality_code = u.municipality_code
      where u.role = 'toegang' and u.username = 'toegang.' || u.region_id
        and not exists (select 1 from cases c where c.youth_id = y.id)
      group by u.region_id`);
    for (const r of y.rows) youths.set(r.region_id, (r.ids as number[]).map(Number));
  } finally {
    await client.end();
  }
  return { allocations: out, youths };
}

/** At most `n` promises at a time (logins hash a password: a few at once). */
async function pooled<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await f(items[k]!);
      }
    }),
  );
  return out;
}

const MIX_ROLES = ['controller', 'contractmanager', 'toegang', 'beleid', 'aanbieder'] as const;

/**
 * The users of the realistic mix: in each region a controller, a contract manager, a local-team
 * professional (toegang), a policy officer and a provider, each reading the screens of its work
 * (the provider sees only its own rows), and writing through the real API: the contract manager
 * announces a contract change, the local team records the case director on a case of its
 * worklist (a case command), the provider sends a small JW323 (settled at once).
 */
async function mixUsers(regions: string[]): Promise<MixUser[]> {
  const year = new Date().getUTCFullYear();
  const setup = await benchSetup(process.env.BENCH_DATABASE_URL);
  const allocations = setup.allocations;
  const pairs = regions.flatMap((region) => MIX_ROLES.map((role) => ({ region, role })));
  let n = 0;
  const users = await pooled(pairs, 8, async ({ region, role }): Promise<MixUser> => {
    const headers = await login(`${role}.${region}`);
    const r = `/api/v1/regions/${region}`;
    const get = (route: string, url: string): MixRequest => ({ route, method: 'GET', url: `${r}/${url}` });
    const json = async (url: string) => {
      const res = await fetch(`${BASE}${r}/${url}`, { headers });
      if (!res.ok) throw new Error(`${role}.${region} ${url}: ${res.status}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    switch (role) {
      case 'controller':
        return {
          role,
          region,
          headers,
          reads: [
            get('landscape', 'landscape'),
            get('care-summary', 'care-summary'),
            get('spend by provider', `spend?year=${year}&by=provider`),
            get('spend by segment', `spend?year=${year}&by=segment`),
            get('spend by municipality', `spend?year=${year}&by=municipality`),
            get('declarations', 'declarations'),
            get('schedules', `schedules?year=${year}`),
            get('budget-framework', 'budget-framework'),
          ],
        };
      case 'beleid':
        return {
          role,
          region,
          headers,
          reads: [
            get('landscape', 'landscape'),
            get('care-summary', 'care-summary'),
            get('market', 'market'),
            get('budget-framework', 'budget-framework'),
            get('spend by segment', `spend?year=${year}&by=segment`),
          ],
        };
      case 'contractmanager': {
        // Changes take effect on the first of the month seven months ahead (the regions' notice is at most six months), on contracts running until then.
        const ahead = new Date();
        ahead.setUTCMonth(ahead.getUTCMonth() + 7, 1);
        const effective = ahead.toISOString().slice(0, 10);
        const list = (await json('contracts?limit=1000')) as { rows: { id: number; endDate: string | null }[] };
        const ids = list.rows.filter((c) => c.endDate === null || c.endDate >= effective).map((c) => c.id);
        const someContract = list.rows[0]?.id;
        return {
          role,
          region,
          headers,
          reads: [
            get('contracts', 'contracts'),
            get('providers', 'providers'),
            get('market', 'market'),
            get('procedures', 'procedures'),
            ...(someContract ? [get('contract', `contracts/${someContract}`)] : []),
          ],
          ...(ids.length > 0
            ? {
                write: (): MixRequest => ({
                  route: 'WRITE contract change',
                  method: 'POST',
                  url: `${r}/contracts/${ids[n++ % ids.length]}/changes`,
                  body: () => ({
                    type: 'application/json',
                    data: Buffer.from(JSON.stringify({ kind: 'overig', description: 'Belastingtest: aangekondigde wijziging', effectiveOn: effective })),
                  }),
                }),
              }
            : {}),
        };
      }
      case 'toegang': {
        // The local team opens cases for youths of its municipality (a help request) and then
        // records the case director on the cases it opened (a case command); both are audited writes.
        const youths = setup.youths.get(region) ?? [];
        const opened: number[] = [];
        let y = 0;
        return {
          role,
          region,
          headers,
          reads: [get('worklist', 'worklist'), get('my-work', 'my-work')],
          ...(youths.length > 0
            ? {
                write: (): MixRequest =>
                  opened.length > 0 && (y >= youths.length || n++ % 2 === 0)
                    ? {
                        route: 'WRITE case command',
                        method: 'POST',
                        url: `${r}/cases/${opened[n % opened.length]}/commands`,
                        body: () => ({
                          type: 'application/json',
                          data: Buffer.from(JSON.stringify({ command: { type: 'regie', regievoerder: `Regievoerder ${n % 7}` } })),
                        }),
                      }
                    : {
                        route: 'WRITE help request (new case)',
                        method: 'POST',
                        url: `${r}/cases`,
                        body: () => ({
                          type: 'application/json',
                          data: Buffer.from(
                            JSON.stringify({ youth: { youthId: youths[y++ % youths.length] }, hulpvraag: 'Belastingtest: hulpvraag', crisis: false }),
                          ),
                        }),
                        onAnswer: (body: string) => {
                          const id = (JSON.parse(body) as { id?: number; caseId?: number }).id ?? (JSON.parse(body) as { caseId?: number }).caseId;
                          if (id) opened.push(id);
                        },
                      },
              }
            : {}),
        };
      }
      default: {
        const a = allocations.get(region);
        return {
          role,
          region,
          headers,
          reads: [
            get('contracts (own)', 'contracts'),
            get('declarations (own)', 'declarations'),
            get('landscape', 'landscape'),
            get('care-summary (own)', 'care-summary'),
          ],
          ...(a
            ? {
                write: () => {
                  const k = n++;
                  return {
                    route: 'WRITE JW323 declaration',
                    method: 'POST',
                    url: `/api/v1/ijw/declarations?region=${region}`,
                    body: () => ({ type: 'application/xml', data: smallJw323(a.agb, a, k) }),
                  };
                },
              }
            : {}),
        };
      }
    }
  });
  return users;
}

/**
 * The realistic mix: `clients` closed loops, client i as user i of the list (regions spread, the
 * five roles in each), each asking its screens in turn and, with probability `writeShare` per
 * request, its write instead. Prints throughput, p50, p99 and errors per route and for the
 * writes, against the health baseline of the same clients in the same run.
 */
export async function benchMix(label: string, serverPids: number[] = []): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 200);
  const seconds = Number(process.env.BENCH_SECONDS ?? 30);
  const writeShare = Number(process.env.BENCH_WRITE_SHARE ?? 0.02);
  const spec = process.env.BENCH_MIX_REGIONS ?? 'all';
  // "all": the regions with data (the national set's copies nlNN-... when there are any, not the small demo next to them).
  const listed = spec === 'all' ? ((await (await fetch(`${BASE}/api/v1/regions`)).json()) as { regions: { id: string; hasDemo: boolean }[] }).regions : [];
  const withData = listed.filter((r) => r.hasDemo).map((r) => r.id);
  const national = withData.filter((id) => /^nl\d+-/.test(id));
  const ids = spec === 'all' ? (national.length > 0 ? national : withData) : spec.split(',');
  const t0 = performance.now();
  const users = await mixUsers(ids);
  // Client i: region i mod R, role (i + i div R) mod 5: the roles alternate over the regions, and a
  // region's next client (R later) has the next role, so each region gets different roles.
  const byRegionRole = new Map(users.map((u) => [`${u.region}|${u.role}`, u]));
  const team = Array.from({ length: clients }, (_, i) =>
    byRegionRole.get(`${ids[i % ids.length]}|${MIX_ROLES[(i + Math.floor(i / ids.length)) % MIX_ROLES.length]}`)!,
  );
  const roleCount = MIX_ROLES.map((r) => `${team.filter((u) => u.role === r).length} ${r}`).join(', ');
  console.log(
    `${label}: realistic mix over ${ids.length} regions x ${MIX_ROLES.length} roles (${users.length} users logged in in ${fmt(performance.now() - t0)}), ${clients} clients, write share ${writeShare}${process.env.BENCH_DATABASE_URL ? '' : ' (no BENCH_DATABASE_URL: providers and local teams do not write)'}`,
  );
  console.log(`  clients: ${roleCount}`);
  const base = await load([{ url: '/api/v1/health', headers: {} }], clients, Math.min(10, seconds), serverPids);

  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const per = new Map<string, { xs: number[]; errors: number; statuses: Map<number, number> }>();
  const all: number[] = [];
  const writes: number[] = [];
  let errors = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const encoding = process.env.BENCH_ACCEPT_ENCODING;
  const server0 = serverCpu();
  const cpu0 = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  await Promise.all(
    team.map(async (u, c) => {
      let k = c;
      while (performance.now() < until) {
        const q = u.write && random() < writeShare ? u.write() : u.reads[k++ % u.reads.length]!;
        const name = q.method === 'POST' ? q.route : `${u.role.padEnd(15)} ${q.route}`;
        const b = q.body?.();
        const headers = { ...u.headers, ...(encoding ? { 'accept-encoding': encoding } : {}), ...(b ? { 'content-type': b.type } : {}) };
        const t = performance.now();
        // No answer at all (a reset connection) counts as status 0: an error.
        const status = await call(agent, q.method, q.url, headers, b?.data, q.onAnswer).catch(() => 0);
        const ms = performance.now() - t;
        const entry = per.get(name) ?? { xs: [], errors: 0, statuses: new Map<number, number>() };
        per.set(name, entry);
        entry.xs.push(ms);
        if (status < 200 || status >= 300) {
          errors++;
          entry.errors++;
          entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
        }
        all.push(ms);
        if (q.method === 'POST') writes.push(ms);
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const serverCpuS = serverCpu() - server0;
  line(
    `${label}: ${clients} clients x ${seconds} s, realistic mix`,
    `${(all.length / seconds).toFixed(0)} req/s p50 ${fmt(quantile(all, 0.5))} p99 ${fmt(quantile(all, 0.99))}`,
    `health ${base.rps.toFixed(0)} req/s p99 ${fmt(base.p99)}`,
    quantile(all, 0.99) / base.p99,
  );
  console.log(
    `  ${all.length} requests, ${errors} errors; writes ${writes.length} (${(writes.length / seconds).toFixed(1)}/s) p50 ${fmt(quantile(writes, 0.5))} p99 ${fmt(quantile(writes, 0.99))}; load generator CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const [name, e] of [...per].sort((a, b) => a[0].localeCompare(b[0])))
    console.log(
      `    ${name.padEnd(44)} ${String(e.xs.length).padStart(6)} requests  p50 ${fmt(quantile(e.xs, 0.5)).padStart(9)}  p99 ${fmt(quantile(e.xs, 0.99)).padStart(9)}  errors ${e.errors}${e.errors ? ` (${[...e.statuses].map(([s, k]) => `${s || 'no answer'} x${k}`).join(', ')})` : ''}`,
    );
  if (serverPids.length > 0)
    console.log(
      `  server CPU ${serverCpuS.toFixed(1)} s, ${((serverCpuS * 1000) / all.length).toFixed(2)} ms per request (health: ${base.serverCpuS.toFixed(1)} s, ${base.serverCpuMsPerRequest.toFixed(2)} ms per request)`,
    );
}
