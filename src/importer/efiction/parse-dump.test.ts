import { describe, expect, it } from 'vitest';
import { parseMysqlDump, tableRows } from './parse-dump.js';

describe('parseMysqlDump', () => {
  it('reads mysqldump output: CREATE TABLE, column lists, multi-row VALUES, comments, SET and LOCK', () => {
    const sql = [
      '-- MySQL dump 10.13',
      '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
      'SET NAMES utf8mb4;',
      '# a hash comment',
      'DROP TABLE IF EXISTS `site_fanfiction_ratings`;',
      'CREATE TABLE `site_fanfiction_ratings` (',
      "  `rid` int(11) NOT NULL AUTO_INCREMENT COMMENT 'id, (really)',",
      "  `rating` varchar(60) NOT NULL DEFAULT 'It''s ok',",
      '  `ratingwarning` char(1) NOT NULL DEFAULT \'0\',',
      '  `warningtext` text NOT NULL,',
      '  PRIMARY KEY (`rid`),',
      '  KEY `rating` (`rating`,`rid`)',
      ') ENGINE=MyISAM DEFAULT CHARSET=latin1;',
      'LOCK TABLES `site_fanfiction_ratings` WRITE;',
      "INSERT INTO `site_fanfiction_ratings` VALUES (1,'G','0',''),(2,'NC-17','1','Adults only; \\'really\\'.')",
      ",(3, /* inline */ 'R', '1', NULL);",
      'UNLOCK TABLES;',
    ].join('\n');
    const dump = parseMysqlDump(sql);
    expect(dump.problems).toEqual([]);
    const t = dump.tables.get('site_fanfiction_ratings');
    expect(t?.columns).toEqual(['rid', 'rating', 'ratingwarning', 'warningtext']);
    expect(tableRows(t)).toEqual([
      { rid: 1, rating: 'G', ratingwarning: '0', warningtext: '' },
      { rid: 2, rating: 'NC-17', ratingwarning: '1', warningtext: "Adults only; 'really'." },
      { rid: 3, rating: 'R', ratingwarning: '1', warningtext: null },
    ]);
  });

  it('decodes every MySQL string escape and doubled quotes', () => {
    const sql = String.raw`INSERT INTO t (a,b,c,d) VALUES ('it\'s \"q\" \\ back\nline\r\0\Z\t', "dq ""x"" \"y\"", 'a''b', 'semi;colon (paren)');`;
    const rows = tableRows(parseMysqlDump(sql).tables.get('t'));
    expect(rows).toEqual([{ a: 'it\'s "q" \\ back\nline\r\0\x1a\t', b: 'dq "x" "y"', c: "a'b", d: 'semi;colon (paren)' }]);
  });

  it('reads eFiction backups: no CREATE TABLE, no column list, double-quoted values, CRLF', () => {
    const sql =
      '# Dump of fanfiction_classes \r\n# Dump DATE : 01-Jan-2009\r\n\r\n' +
      'INSERT INTO fanfiction_classes VALUES("1", "1", "Humor");\r\n' +
      'INSERT INTO fanfiction_classes VALUES\t("2","2","Character \\"Death\\"");\r\n';
    const t = parseMysqlDump(sql).tables.get('fanfiction_classes');
    expect(t?.columns).toBeNull();
    expect(tableRows(t, () => ['class_id', 'class_type', 'class_name'])).toEqual([
      { class_id: '1', class_type: '1', class_name: 'Humor' },
      { class_id: '2', class_type: '2', class_name: 'Character "Death"' },
    ]);
  });

  it('keeps numbers, negatives, NULL, hex and introducers apart', () => {
    const sql = "INSERT INTO x VALUES (-1, 2.5, NULL, 0x4869, _utf8'caf\u00e9', X'4f4b', 12345678901234567890, CURRENT_TIMESTAMP);";
    const t = parseMysqlDump(sql).tables.get('x');
    expect(t?.inserts[0]?.rows[0]).toEqual([-1, 2.5, null, 'Hi', 'café', 'OK', '12345678901234567890', 'CURRENT_TIMESTAMP']);
    // Hex of latin1 bytes ("café" with 0xE9) is not UTF-8 and reads as Windows-1252.
    expect(parseMysqlDump('INSERT INTO y VALUES (0x636166e9);').tables.get('y')?.inserts[0]?.rows[0]).toEqual(['café']);
  });

  it('skips statements it does not need and reports broken ones without stopping', () => {
    const sql = [
      'CREATE DATABASE foo;',
      'USE `foo`;',
      "INSERT INTO a VALUES (1, 'ok');",
      "INSERT INTO a VALUES (2, 'broken' 'x');",
      "INSERT INTO a VALUES (3, 'still read');",
      'INSERT INTO a SELECT * FROM b;',
      'DELIMITER ;;',
      'CREATE TABLE `b` (`id` int, `note` varchar(10) DEFAULT \'a,b\', UNIQUE KEY `u` (`id`));',
    ].join('\n');
    const dump = parseMysqlDump(sql);
    expect(tableRows(dump.tables.get('a'), () => ['id', 'v'])).toEqual([
      { id: 1, v: 'ok' },
      { id: 3, v: 'still read' },
    ]);
    expect(dump.tables.get('b')?.columns).toEqual(['id', 'note']);
    expect(dump.problems.map((p) => p.line)).toEqual([4, 6]);
  });

  it('survives stray text lines, dash rulers and apostrophes outside statements', () => {
    const sql = [
      'eFiction backup of Bob\'s site',
      '-------------------------',
      "INSERT INTO a VALUES (1, 'kept');",
      'Tables follow',
      "INSERT INTO a VALUES (2, 'kept too');",
      "SET NAMES 'utf8';",
      "INSERT INTO a VALUES (3, 'and this');",
    ].join('\n');
    const dump = parseMysqlDump(sql);
    expect(tableRows(dump.tables.get('a'), () => ['id', 'v']).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(dump.problems).toEqual([
      { line: 1, message: 'skipped text that is not an SQL statement: "eFiction backup of Bob\'s site"' },
      { line: 4, message: 'skipped text that is not an SQL statement: "Tables follow"' },
    ]);
  });

  it('keeps the rows before a broken one in an extended INSERT', () => {
    const dump = parseMysqlDump("INSERT INTO a VALUES (1,'x'),(2,'y'),(3 'z'),(4,'w');\nINSERT INTO a VALUES (5,'v');\n");
    expect(dump.tables.get('a')?.inserts.flatMap((b) => b.rows.map((row) => row[0]))).toEqual([1, 2, 5]);
    expect(dump.problems).toEqual([{ line: 1, message: 'expected "," or ")" in VALUES but found "\'"; kept the 2 rows of INSERT INTO a before it, skipped the rest of the statement' }]);
  });

  it('names extra values past the known columns instead of dropping them', () => {
    const t = parseMysqlDump('INSERT INTO t VALUES (1,2,3);').tables.get('t');
    expect(tableRows(t, () => ['a'])).toEqual([{ a: 1, col2: 2, col3: 3 }]);
  });

  it('stays linear when the dump has no backslash at all', () => {
    const row = "(1,'plain text, it''s doubled quotes only','x')";
    const sql = `INSERT INTO big VALUES ${Array.from({ length: 200_000 }, () => row).join(',')};`;
    const t0 = performance.now();
    expect(parseMysqlDump(sql).tables.get('big')?.inserts[0]?.rows[1]).toEqual([1, "plain text, it's doubled quotes only", 'x']);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('is linear on big dumps', () => {
    const row = "(1,'some text with \\'escapes\\' and \\n newlines','x')";
    const sql = `INSERT INTO big VALUES ${Array.from({ length: 200_000 }, () => row).join(',')};`;
    const t0 = performance.now();
    const dump = parseMysqlDump(sql);
    const ms = performance.now() - t0;
    expect(dump.tables.get('big')?.inserts[0]?.rows.length).toBe(200_000);
    // ~11 MB; a quadratic reader would take minutes.
    expect(ms).toBeLessThan(15_000);
  });
});
