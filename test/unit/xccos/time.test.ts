import assert from 'node:assert/strict';
import { formatXccosTime, parseXccosTime } from '../../../src/persistentChat/xccos/time';

describe('XCCOS timestamps', () => {
  const cases: [string, string][] = [
    ['2013-08-03T12:34:56Z', '2013-08-03T12:34:56.000Z'],
    ['2013-08-03T12:34:56.123Z', '2013-08-03T12:34:56.123Z'],
    ['2010-09-14T14:26:17.6206356Z', '2010-09-14T14:26:17.620Z'],
    ['2013-08-03T12:34:56', '2013-08-03T12:34:56.000Z'],
    ['2013-08-03T12:34:56.7', '2013-08-03T12:34:56.700Z'],
    ['2013-08-03T14:34:56+02:00', '2013-08-03T12:34:56.000Z'],
    ['2013-08-03T07:04:56-0530', '2013-08-03T12:34:56.000Z'],
    ['2013-08-03', '2013-08-03T00:00:00.000Z'],
  ];
  for (const [input, iso] of cases) {
    it(`reads ${input} as ${iso}`, () => {
      assert.equal(parseXccosTime(input)?.toISOString(), iso);
    });
  }

  it('reads every millisecond of the canonical form exactly, as the general pattern does', () => {
    for (let ms = 0; ms < 1000; ms++) {
      const frac = String(ms).padStart(3, '0');
      assert.equal(parseXccosTime(`2013-08-03T12:34:56.${frac}Z`)?.getUTCMilliseconds(), ms);
      assert.equal(parseXccosTime(`2013-08-03T12:34:56.${frac}4567Z`)?.getUTCMilliseconds(), ms);
      assert.equal(parseXccosTime(`2013-08-03T12:34:56.${frac}+00:00`)?.getUTCMilliseconds(), ms);
    }
    assert.equal(parseXccosTime('2013-08-03T12:34:56.1234567891Z')?.toISOString(), '2013-08-03T12:34:56.123Z');
    for (const bad of ['2013-08-03T12:34:5xZ', '2013-08-03T12:34:56.Z', '2013-08-03T12:34:56.12aZ', '2013-00-03T12:34:56Z', '2013-08-32T12:34:56Z', '2013-08-03T25:34:56Z']) {
      assert.equal(parseXccosTime(bad), undefined, bad);
    }
  });

  it('takes a time without a zone as UTC, whatever the local zone', () => {
    assert.equal(parseXccosTime('2013-08-03T12:34:56')?.getTime(), Date.UTC(2013, 7, 3, 12, 34, 56));
  });

  it('is undefined for anything else', () => {
    for (const bad of [undefined, '', 'yesterday', '2013-13-01T00:00:00Z', '2013-08-03T12:61:00Z', '1375533296']) assert.equal(parseXccosTime(bad), undefined);
  });

  it('writes %FT%TZ (UTC, whole seconds)', () => {
    assert.equal(formatXccosTime(new Date('2013-08-03T12:34:56.999Z')), '2013-08-03T12:34:56Z');
  });
});
