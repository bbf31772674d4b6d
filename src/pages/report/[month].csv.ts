// /report/<YYYY-MM>.csv: a published month's figures, one row per figure
// (key,label,value,unit,n,previous,change) after the month and the
// definitions' version; 404 until published.
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { NotFoundError } from '@/server/errors';
import { reportCsv } from '@/server/report/csv';
import { publishedMonth } from '@/server/report/publish';

export const GET: APIRoute = async ({ params }) => {
  try {
    const { month, report } = await publishedMonth(appDb(), params.month ?? '');
    return new Response(reportCsv(report), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `inline; filename="happiness-report-${month}.csv"`,
        'Cache-Control': 'public, max-age=86400',
        'Access-Control-Allow-Origin': '*',
      },
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return new Response(`${error.message}\n`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
};
