// Steps a citizen takes in the app, shared by the specs that need them on the way.
import type { Page } from '@playwright/test';
import { applicant } from './api';

/** The applicant step in Vietnamese, with `citizenId` as the ID number. */
export async function fillApplicant(page: Page, citizenId: string = applicant.citizen_id): Promise<void> {
  await page.getByLabel('Họ và tên').fill(applicant.full_name);
  await page.getByLabel('Năm sinh').fill(String(applicant.birth_year));
  await page.getByLabel('Số định danh cá nhân (số thẻ căn cước)').fill(citizenId);
  await page.getByLabel('Số điện thoại di động').fill(applicant.phone);
  await page.getByLabel('Địa chỉ nơi ở hiện nay').fill(applicant.address);
  await page.getByLabel('Nữ').check();
}

/** The upload the app created last: its address and the draft token it was made with (empty until one is). */
export function watchUploads(page: Page): { token: string; location: string } {
  const last = { token: '', location: '' };
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) {
      last.token = r.request().headers()['draft-token'];
      last.location = r.headers()['location'];
    }
  });
  return last;
}
