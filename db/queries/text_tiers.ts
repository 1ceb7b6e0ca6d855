/**
 * Relevance for act and venue search, built to stop after one page
 * (0031_search_at_scale). A text match falls in the best of four tiers:
 *
 *   3  every word in the name                     name_document @@ exact
 *   2  every word on the card (name, genres, city) card_document @@ exact
 *   1  every word on the card, as a prefix or a    card_document @@ near
 *      near word from the vocabulary (a typo)
 *   0  every word anywhere (the bio, description)  search_document @@ exact
 *
 * and within a tier the better trusted come first. A page's sort key is
 * `rank * RANK_SPAN + trust_score`, so a cursor is one number as before.
 *
 * Each tier is its own statement ordered by (trust_score, id) with the page's
 * limit, so the planner either walks the trust index until the page is full
 * (a common word) or reads a rare word's few rows from its GIN index and
 * sorts them; the documents are separate columns so that its statistics tell
 * the two apart, and the vocabulary (`readTextQuery`) skips a tier one of the
 * words never reaches, which the planner cannot know. The tiers run best
 * first until the page is full (`relevancePage`).
 *
 * After a cursor each tier leaves out the better tiers' rows, and what it has
 * of its own may be tiny ("sufi" in a bio, once the genre's cards are shown)
 * while its match is common: the planner would walk the trust index to the
 * end. So each tier also names what its own rows must hold, from documents
 * with statistics of their own (0032_search_tier_remainders): a word of the
 * search on the card beyond the name (`card_rest_document`) for the card
 * tier, in the document beyond the card (`rest_document`) for the last, and
 * for the near tier one of the card words the search's words stand for
 * besides themselves (longer words they begin, near words), which the
 * vocabulary lists; none at all means that tier has no rows of its own.
 *
 * The earlier design ranked every match by ts_rank plus trigram similarity
 * before taking a page: ~190 ms for "sufi" at 100,000 acts.
 */
import {
  type AliasedRawBuilder,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  sql,
  type SqlBool,
} from "kysely";
import type { Database } from "../schema.ts";

export type TextSource = "act" | "venue";

/** A tier's share of a sort key: trust scores are 0-100, so tiers never overlap. */
const RANK_SPAN = 1000;

/** How many vocabulary words a misspelt word may stand for. */
const NEAR_WORDS = 3;
/** Longer card words a search word may begin that are listed; beyond this, the near tier is not narrowed. */
const LONGER_WORDS = 20;

/** A search's words as tsquery text, ready to bind as `$1::tsquery`, and the tiers worth searching. */
export interface TextQuery {
  /** websearch_to_tsquery('simple', q): quotes, "or" and "-" keep their meaning. */
  exact: string;
  /**
   * Each word as a prefix or one of its nearest card words, all required;
   * null when the query uses operators (a negated word must not come back as a typo).
   */
  near: string | null;
  /** The ranks that can match (every word reaches them); all four when the query uses operators. */
  ranks: ReadonlySet<number>;
  /** Any of the words (tsquery text); null when the query uses operators. */
  anyWord: string | null;
  /**
   * The card words the near tier matches besides the words themselves (tsquery text), "" for none; null
   * when unknown (operators, or a word that begins too many).
   */
  nearOnly: string | null;
}

interface WordFound {
  word: string;
  /** The best tier the word reaches in the vocabulary; null when no document holds it. */
  rank: number | null;
  near: string[];
  /**
   * Card words that begin with this one, up to LONGER_WORDS + 1; null for a word under three letters, which
   * the trigram index cannot look up as a prefix.
   */
  longer: string[] | null;
}

/**
 * The words of `q`, for each the best tier it reaches and the nearest card
 * words of `source` (pg_trgm similarity above its 0.3 default: "goshal" finds
 * "ghoshal" at 0.5), in one statement. Null when nothing can match: no word,
 * or (without operators) a word that no document holds and that has no near
 * word either. With them, the longer card words each word begins.
 *
 *   select websearch_to_tsquery('simple', $q)::text as exact,
 *     (select json_agg(json_build_object('word', w.lexeme,
 *        'rank', (select rank from search_words where source = $source and word = w.lexeme),
 *        'near', array(select v.word from search_words v where v.source = $source and v.rank >= 2
 *                        and v.word % w.lexeme and v.word <> w.lexeme
 *                      order by similarity(v.word, w.lexeme) desc, v.word limit 3),
 *        'longer', case when length(w.lexeme) >= 3 then array(select v.word from search_words v
 *                    where v.source = $source and v.rank >= 2 and v.word <> w.lexeme
 *                      and v.word like <w.lexeme, escaped> || '%' limit 21) end))
 *      from unnest(to_tsvector('simple', $q)) w) as words
 */
export async function readTextQuery(
  db: Kysely<Database>,
  q: string,
  source: TextSource,
): Promise<TextQuery | null> {
  const { rows: [row] } = await sql<{ exact: string; words: WordFound[] }>`select
      websearch_to_tsquery('simple', ${q})::text as exact,
      coalesce((select json_agg(json_build_object(
          'word', w.lexeme,
          'rank', (select s.rank from search_words s where s.source = ${source} and s.word = w.lexeme),
          'near', array(select v.word from search_words v
             where v.source = ${source} and v.rank >= 2 and v.word % w.lexeme and v.word <> w.lexeme
             order by similarity(v.word, w.lexeme) desc, v.word limit ${NEAR_WORDS}),
          'longer', case when length(w.lexeme) >= 3 then array(select v.word from search_words v
             where v.source = ${source} and v.rank >= 2 and v.word <> w.lexeme
               and v.word like replace(replace(replace(w.lexeme, '#', '##'), '%', '#%'), '_', '#_') || '%' escape '#'
             limit ${LONGER_WORDS + 1}) end))
        from unnest(to_tsvector('simple', ${q})) w), '[]'::json) as words`.execute(db);
  if (row.exact === "" || row.words.length === 0) return null;
  const operators = row.exact.replace(/'(?:[^']|'')*'/g, "").replace(/[&\s()]|:\*/g, "") !== "";
  if (operators) {
    return { exact: row.exact, near: null, ranks: new Set([3, 2, 1, 0]), anyWord: null, nearOnly: null };
  }
  // Every word is required, so a tier is only worth a statement when every word reaches it.
  const reach = (rank: number) => row.words.every((w) => w.rank !== null && w.rank >= rank);
  const ranks = new Set([3, 2, 0].filter(reach));
  if (row.words.every((w) => (w.rank ?? -1) >= 2 || w.near.length > 0)) ranks.add(1);
  if (ranks.size === 0) return null;
  const near = row.words.map(({ word, near }) =>
    `(${[`${lexeme(word)}:*`, ...near.map(lexeme)].join(" | ")})`
  )
    .join(" & ");
  const anyWord = row.words.map(({ word }) => lexeme(word)).join(" | ");
  const nearOnly = row.words.some((w) => w.longer === null || w.longer.length > LONGER_WORDS)
    ? null
    : [...new Set(row.words.flatMap((w) => [...w.near, ...w.longer!]))].map(lexeme).join(" | ");
  return { exact: row.exact, near, ranks, anyWord, nearOnly };
}

/** A lexeme quoted for tsquery input, which reads '' and \ as escapes. */
function lexeme(word: string): string {
  return `'${word.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

interface Tier {
  rank: number;
  match: RawBuilder<SqlBool>;
  /** What every row of this tier that no better tier holds must hold; absent when unknown. */
  own?: RawBuilder<SqlBool>;
}

/** The tiers of `text` over `table`'s documents that can match, best first. */
function tiersOf(table: "acts" | "venues", text: TextQuery): Tier[] {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const exact = sql`${text.exact}::tsquery`;
  const holdsAnyWord = (document: string) =>
    text.anyWord === null ? undefined : sql<SqlBool>`${column(document)} @@ ${text.anyWord}::tsquery`;
  const nearOnly = text.nearOnly;
  const tiers: (Tier | null)[] = [
    { rank: 3, match: sql<SqlBool>`${column("name_document")} @@ ${exact}` },
    {
      rank: 2,
      match: sql<SqlBool>`${column("card_document")} @@ ${exact}`,
      own: holdsAnyWord("card_rest_document"),
    },
    text.near
      ? {
        rank: 1,
        match: sql<SqlBool>`${column("card_document")} @@ ${text.near}::tsquery`,
        own: nearOnly === null
          ? undefined
          : nearOnly === ""
          ? sql<SqlBool>`false`
          : sql<SqlBool>`${column("card_document")} @@ ${nearOnly}::tsquery`,
      }
      : null,
    {
      rank: 0,
      match: sql<SqlBool>`${column("search_document")} @@ ${exact}`,
      own: holdsAnyWord("rest_document"),
    },
  ];
  return tiers.filter((t): t is Tier => t !== null && text.ranks.has(t.rank));
}

/** Any tier: for the searches sorted by something else than relevance. */
export function matchesText(table: "acts" | "venues", text: TextQuery): RawBuilder<SqlBool> {
  const tiers = tiersOf(table, text);
  return sql<SqlBool>`(${sql.join(tiers.filter((t) => t.rank <= 1).map((t) => t.match), sql` or `)})`;
}

type Candidates = AliasedRawBuilder<{ id: string; rank: number }, "c">;

/**
 * A page sorted by relevance. `filtered` is `table` with every filter but the
 * text; `cards` turns a tier's ids and rank (the derived table `c`) into
 * result rows, in order. The tiers run one at a time, best first, until the
 * page is full, so a common word that fills the page from its card tier
 * costs one walk of the trust index rather than one per tier:
 *
 *   select <card>, (c.rank * 1000 + trust_score)::text as "sortKey"
 *   from (select <table>.id, 2 as rank from ... where <filters> and <tier 2>
 *         order by <table>.trust_score desc, <table>.id desc limit $limit) as c
 *   join <table> on ... order by trust_score desc, id desc
 *
 * On a first page the tiers overlap (a name match is on the card too): a row
 * a better tier returned already is skipped. That is exact, since a tier's
 * rows of better tiers can only crowd out rows when the better tiers together
 * already fill the page. After a cursor, better tiers' rows were shown, so
 * each tier excludes them in SQL instead, with what its own rows must hold
 * (`Tier.own`), so the planner sees how few they are; the exclusion is left
 * off the first page because the planner takes a tier without the better
 * tiers' rows (often nearly empty: "sufi" as a near word once the exact word
 * is excluded) to be as common as the words it shares, and would walk the
 * whole trust index.
 */
export async function relevancePage<Row extends { id: string }>(
  table: "acts" | "venues",
  // deno-lint-ignore no-explicit-any -- any query over `table`, joins and filters of the caller's choosing
  filtered: SelectQueryBuilder<any, any, object>,
  text: TextQuery,
  page: { after?: { key: string; id: string }; limit: number },
  cards: (candidates: Candidates) => Promise<Row[]>,
): Promise<Row[]> {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const tiers = tiersOf(table, text);
  const after = page.after;
  const afterRank = after ? rankOf(after.key) : Infinity;
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const tier of tiers.filter((t) => t.rank <= afterRank)) {
    let query = filtered.where(tier.match);
    if (after) {
      const betters = tiers.filter((t) => t.rank > tier.rank);
      for (const better of betters) query = query.where(sql<SqlBool>`not (${better.match})`);
      if (betters.length > 0 && tier.own) query = query.where(tier.own);
      if (tier.rank === afterRank) {
        query = query.where(sql<SqlBool>`(${column("trust_score")}, ${column("id")})
          < (${after.key}::numeric - ${tier.rank * RANK_SPAN}, ${after.id}::uuid)`);
      }
    }
    const ids = query.select([column("id").as("id"), sql.lit(tier.rank).as("rank")])
      .orderBy(column("trust_score"), "desc").orderBy(column("id"), "desc")
      .limit(after ? page.limit - rows.length : page.limit);
    for (const row of await cards(sql<{ id: string; rank: number }>`(${ids})`.as("c"))) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
    if (rows.length >= page.limit) break;
  }
  return rows.slice(0, page.limit);
}

function rankOf(key: string): number {
  return Math.floor(Number(key) / RANK_SPAN);
}

/** A relevance sort key: the row's rank, then its trust score. */
export function relevanceKey(table: "acts" | "venues"): RawBuilder<string> {
  return sql<string>`(c.rank * ${sql.lit(RANK_SPAN)} + ${sql.ref(`${table}.trust_score`)})::text`;
}
