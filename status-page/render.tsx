/** @jsxImportSource hono/jsx */
// Rendering entry points: each page as a complete HTML document string.
import './render-synchronously.tsx';
import type { Child } from 'hono/jsx';
import type { Formatter } from './format.ts';
import type { PublicSnapshot } from '../src/web/public-view/types.ts';
import { StatusPage } from './pages/status-page.tsx';
import { ErrorPage } from './pages/error-page.tsx';
import { ReportPage, type SignedIn } from './pages/report-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { SrePage, type SrePageProps } from './pages/sre-page.tsx';
import { SreIncidentPage, type SreIncidentPageProps } from './pages/sre-incident-page.tsx';
import type { ReportView } from '../src/web/report/report-view.ts';

export function toDocument(node: Child): string {
  return `<!DOCTYPE html>${String(node)}`;
}

export function renderStatusPage(f: Formatter, snapshot: PublicSnapshot, cssHref: string): string {
  return toDocument(<StatusPage f={f} snapshot={snapshot} cssHref={cssHref} />);
}

export function renderReportPage(f: Formatter, view: ReportView, cssHref: string, signedIn: SignedIn | undefined, canOperate: boolean): string {
  return toDocument(<ReportPage f={f} view={view} cssHref={cssHref} signedIn={signedIn} canOperate={canOperate} />);
}

export function renderSignInPage(f: Formatter, cssHref: string, input: { csrf: string; next: string; error?: string | undefined }): string {
  return toDocument(<SignInPage f={f} cssHref={cssHref} {...input} />);
}

export function renderSrePage(props: SrePageProps): string {
  return toDocument(<SrePage {...props} />);
}

export function renderSreIncidentPage(props: SreIncidentPageProps): string {
  return toDocument(<SreIncidentPage {...props} />);
}

export function renderErrorPage(f: Formatter, cssHref: string, input: { title: string; message: string; path: string }): string {
  return toDocument(<ErrorPage f={f} cssHref={cssHref} {...input} />);
}
