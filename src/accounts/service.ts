import type { Db } from '../db/connect.js';
import * as store from './account-store.js';
import * as claims from './claims.js';
import * as pseuds from './pseuds.js';
import * as prefs from './preferences.js';
import { deleteSession, deleteUserSessions, resolveSession } from './sessions.js';
import { getAccountSettings, setAccountSetting } from './settings.js';
import type { AccountSettingKey } from './settings.js';
import { listOutbox } from './mailer.js';
import { assertAdmin, assertSignedIn } from './permissions.js';
import type { Viewer } from './viewer.js';
import type { Preferences } from './preferences.js';

/**
 * The accounts capability as the web and CLI see it (no SQL leaves this folder): sign-up,
 * sessions, passwords, pseuds, claims, preferences and the outbox. Actions that need a role
 * take the Viewer and check it first.
 */
export function createAccountService(db: Db) {
  const k = db.kysely;
  return {
    settings: () => getAccountSettings(k),
    setSetting: (key: AccountSettingKey, value: string) => setAccountSetting(k, key, value),
    signUp: (input: store.SignUpInput) => store.signUp(k, input),
    logIn: (login: string, password: string, ip: string) => store.logIn(k, login, password, ip),
    session: (token: string) => resolveSession(k, token),
    logOut: (token: string) => deleteSession(k, token),
    logOutEverywhere: (userId: number) => deleteUserSessions(k, userId),
    requestPasswordReset: (email: string, baseUrl: string, ip: string) => store.requestPasswordReset(k, email, baseUrl, ip),
    resetTokenValid: async (token: string) => (await store.peekToken(k, token, 'reset')) !== null,
    resetPassword: (token: string, password: string) => store.resetPassword(k, token, password),
    changePassword: (userId: number, current: string, next: string) => store.changePassword(k, userId, current, next),
    changeEmail: (userId: number, password: string, email: string) => store.changeEmail(k, userId, password, email),
    deleteAccount: (userId: number, password: string, works: 'delete' | 'orphan') => store.deleteAccount(k, userId, password, works),
    createAdmin: (name: string, email: string | null, password: string) => store.createAdmin(k, name, email, password),
    setRoles: (name: string, roles: Parameters<typeof store.setRoles>[2]) => store.setRoles(k, name, roles),
    findUser: (name: string) => store.findUser(k, name),
    createInvites: (count: number, by: number | null) => store.createInvites(k, count, by),
    pseuds: (userId: number) => pseuds.listPseuds(k, userId),
    createPseud: (userId: number, name: string, description: string | null) => pseuds.createPseud(k, userId, name, description),
    renamePseud: (userId: number, pseudId: number, name: string, description: string | null) => pseuds.renamePseud(k, userId, pseudId, name, description),
    setDefaultPseud: (userId: number, pseudId: number) => pseuds.setDefaultPseud(k, userId, pseudId),
    pseudPath: (pseudId: number) => pseuds.pseudPathParts(k, pseudId),
    findPseudByLabel: (label: string) => pseuds.findPseudByLabel(k, label),
    grantLegacyAuthor(viewer: Viewer, legacyName: string, pseudId: number) {
      assertAdmin(viewer);
      return claims.grantLegacyAuthor(k, legacyName, pseudId);
    },
    sendClaimLinks(viewer: Viewer, legacyName: string, baseUrl: string) {
      assertAdmin(viewer);
      return claims.sendClaimLinks(k, legacyName, baseUrl);
    },
    /** CLI use (the operator is the admin). */
    grantLegacyAuthorAsOperator: (legacyName: string, pseudId: number) => claims.grantLegacyAuthor(k, legacyName, pseudId),
    sendClaimLinksAsOperator: (legacyName: string, baseUrl: string) => claims.sendClaimLinks(k, legacyName, baseUrl),
    claimLinkTarget: (token: string) => claims.claimLinkTarget(k, token),
    async claimWithLink(viewer: Viewer, token: string, pseudId: number) {
      assertSignedIn(viewer);
      if (!viewer.pseudIds.includes(pseudId)) throw new store.NotYourPseud();
      return claims.claimWithLink(k, token, pseudId);
    },
    outbox(viewer: Viewer) {
      assertAdmin(viewer);
      return listOutbox(k);
    },
    /** Tests and the CLI read the outbox without a viewer. */
    outboxUnchecked: () => listOutbox(k),
    preferences: (userId: number) => prefs.getPreferences(k, userId),
    savePreferences: (userId: number, p: Preferences) => prefs.savePreferences(k, userId, p),
    resolveMutes: (p: Preferences) => prefs.resolveMutes(k, p),
    recordReading: (userId: number, workId: number, chapter: number | null) => prefs.recordReading(k, userId, workId, chapter),
    readingHistory: (userId: number) => prefs.readingHistory(k, userId),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
