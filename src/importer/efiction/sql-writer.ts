import type { SqlValue } from './parse-dump.js';

export interface TableData {
  name: string;
  columns: string[];
  rows: SqlValue[][];
}

/** MySQL string escaping as mysql_real_escape_string does it (what both dump styles use). */
export function escapeSql(s: string): string {
  // Built from a string: the linter rightly flags control characters in regex literals.
  return s.replace(SPECIAL, (c) => ESC[c] as string);
}

const SPECIAL = new RegExp(`[\\\\'"\n\r\0${String.fromCharCode(0x1a)}]`, 'g');
const ESC: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\0': '\\0', '\x1a': '\\Z' };

/**
 * mysqldump style: DROP/CREATE TABLE, LOCK TABLES, extended multi-row INSERTs with single
 * quotes. Every other table also names its columns in the INSERT, as `--complete-insert`
 * dumps and phpMyAdmin exports do, so readers see both forms.
 */
export function writeMysqldump(tables: TableData[]): string {
  const out: string[] = [
    '-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)',
    '--',
    '-- Host: localhost    Database: archive',
    '-- ------------------------------------------------------',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
    '/*!40101 SET NAMES utf8 */;',
    "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
    '',
  ];
  tables.forEach((t, i) => {
    out.push('--', `-- Table structure for table \`${t.name}\``, '--', '', `DROP TABLE IF EXISTS \`${t.name}\`;`);
    const defs = t.columns.map((c, ci) => `  \`${c}\` ${columnType(t.rows, ci)}`);
    defs.push(`  PRIMARY KEY (\`${t.columns[0]}\`)`, `  KEY \`by_${t.columns[0]}\` (\`${t.columns[0]}\`)`);
    out.push(`CREATE TABLE \`${t.name}\` (`, defs.join(',\n'), ') ENGINE=MyISAM DEFAULT CHARSET=utf8;', '');
    if (t.rows.length === 0) return;
    out.push(`LOCK TABLES \`${t.name}\` WRITE;`, `/*!40000 ALTER TABLE \`${t.name}\` DISABLE KEYS */;`);
    const cols = i % 2 === 1 ? ` (${t.columns.map((c) => `\`${c}\``).join(', ')})` : '';
    // Several rows per INSERT, split like mysqldump's --net-buffer-length does.
    for (let r = 0; r < t.rows.length; r += 50) {
      const chunk = t.rows.slice(r, r + 50).map((row) => `(${row.map(literal).join(',')})`);
      out.push(`INSERT INTO \`${t.name}\`${cols} VALUES ${chunk.join(',')};`);
    }
    out.push(`/*!40000 ALTER TABLE \`${t.name}\` ENABLE KEYS */;`, 'UNLOCK TABLES;', '');
  });
  out.push('/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;', '-- Dump completed');
  return out.join('\n') + '\n';
}

/**
 * eFiction's admin backup (admin/backup.php): no CREATE TABLE, no column list, every value in
 * double quotes (NULL written as ""), one row per line, CRLF line ends.
 */
export function writeEfictionBackup(tables: TableData[], date: string): string {
  let out = '';
  for (const t of tables) {
    out += `# Dump of ${t.name} \r\n# Dump DATE : ${date}\r\n\r\n`;
    for (const row of t.rows) {
      out += `INSERT INTO ${t.name} VALUES(${row.map((v) => `"${v === null ? '' : escapeSql(String(v))}"`).join(', ')});\r\n`;
    }
    out += '\r\n\r\n\r\n';
  }
  return out;
}

function literal(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${escapeSql(v)}'`;
}

function columnType(rows: SqlValue[][], ci: number): string {
  const sample = rows.find((r) => r[ci] !== null)?.[ci];
  if (typeof sample === 'number') return "int(11) NOT NULL DEFAULT '0'";
  return 'text';
}
