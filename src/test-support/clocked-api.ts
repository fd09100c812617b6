/**
 * A test API whose services read the time from a clock the test moves
 * (`setClock`), for what happens on a day: release days, late approvals,
 * vintages. Also the two flows such tests walk before they look: a form saved,
 * submitted and approved, and a release scheduled; each checks every status.
 */
import { expect } from 'vitest';
import type { Release } from '../api/releases-contract.js';
import type { Store } from '../db/connect.js';
import type { ServiceOptions } from '../services/container.js';
import { startTestApi, type TestApi, type TestUser } from './http.js';

export interface ClockedApi extends TestApi {
  /** From now on the services read this time. */
  setClock(date: Date): void;
  close(): Promise<void>;
}

export interface ClockedApiOptions {
  /** The time the services read until the test moves the clock. */
  start: Date;
  /** Other service options (public URL, mail); the clock is this API's own. */
  serviceOptions?: Omit<ServiceOptions, 'now'>;
}

/** One value for every indicator of the nids-annual form. */
export const NIDS_ANNUAL_VALUES: readonly { indicator: string; value: number }[] = [
  { indicator: 'fixed_broadband_subscribers', value: 0.2 },
  { indicator: 'internet_users', value: 0.4 },
  { indicator: 'mobile_phone_users', value: 0.6 },
  { indicator: 'users_5g', value: 0.1 },
  { indicator: 'base_stations_5g', value: 3 },
];

/** Signs the users in and builds the app on a clock that starts at `start`. */
export async function startClockedApi(
  store: Store,
  users: readonly TestUser[],
  { start, serviceOptions = {} }: ClockedApiOptions,
): Promise<ClockedApi> {
  let clock = start;
  const api = await startTestApi(store, users, { ...serviceOptions, now: () => clock });
  return {
    ...api,
    setClock: (date) => {
      clock = date;
    },
    close: () => api.app.close(),
  };
}

export interface FormApproval {
  dataSet: string;
  unit: string;
  period: string;
  reporter: string;
  reviewer: string;
  values: readonly { indicator: string; value: number }[];
}

/** The reporter saves and submits the unit's form for the period; the reviewer approves it. */
export async function approveForm(
  api: TestApi,
  { dataSet, unit, period, reporter, reviewer, values }: FormApproval,
): Promise<void> {
  const form = `/api/data-sets/${dataSet}/form?orgUnit=${unit}&period=${period}`;
  const saved = await api.call(reporter, 'PUT', form, { values });
  expect(saved.statusCode, saved.body).toBe(200);
  const item = { orgUnit: unit, period };
  const submitted = await api.call(reporter, 'POST', `/api/data-sets/${dataSet}/submit`, item);
  expect(submitted.statusCode, submitted.body).toBe(200);
  const approved = await api.call(reviewer, 'POST', `/api/data-sets/${dataSet}/approve`, {
    items: [item],
  });
  expect(approved.statusCode, approved.body).toBe(200);
}

export interface ReleaseSchedule {
  coordinator: string;
  dataSet: string;
  period: string;
  /** The release day, YYYY-MM-DD. */
  releaseOn: string;
  note?: string;
}

/** The coordinator puts the data set's period in the release calendar; the stored release. */
export async function scheduleRelease(
  api: TestApi,
  { coordinator, ...release }: ReleaseSchedule,
): Promise<Release> {
  const scheduled = await api.call(coordinator, 'PUT', '/api/releases', release);
  expect(scheduled.statusCode, scheduled.body).toBe(200);
  return scheduled.json<Release>();
}

/*
 * The release scenario the open-data tests share: Hubei reports its 2020
 * nids-annual form, the nation's reviewer approves it, the nation's
 * coordinator releases nids-annual 2020 on 30 June 2021.
 */
export const RELEASE_TEAM: readonly TestUser[] = [
  ['hubei-reporter', 'reporter', '420000'],
  ['nation-reviewer', 'reviewer', 'CN'],
  ['nation-coordinator', 'coordinator', 'CN'],
];

export const HUBEI_2020_FORM: FormApproval = {
  dataSet: 'nids-annual',
  unit: '420000',
  period: '2020',
  reporter: 'hubei-reporter',
  reviewer: 'nation-reviewer',
  values: NIDS_ANNUAL_VALUES,
};

export const NIDS_ANNUAL_2020_RELEASE: ReleaseSchedule = {
  coordinator: 'nation-coordinator',
  dataSet: 'nids-annual',
  period: '2020',
  releaseOn: '2021-06-30',
};
