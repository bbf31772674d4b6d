/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./server/accounts/sessions').SessionUser | null;
    session: import('./server/accounts/sessions').ValidSession | null;
  }
}
