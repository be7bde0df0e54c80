import { parseInteger, timeZoneError, urlError } from './validateSettings';
import { memberUrls } from './PoolMembers';

const seconds = { unit: 'seconds', min: 1, max: 3600, defaultValue: 30 };

describe('parseInteger (issue 15: invalid numbers were dropped or rounded silently)', () => {
  it.each([
    ['-5', /at least 1/],
    ['0', /at least 1/],
    ['abc', /"abc" is not a number/],
    ['2.5', /whole number of seconds \(2\.5 has a fraction\)/],
    ['99999999999', /at most 3,600/],
    ['1e3', /not a number/],
  ])('%s is refused with the reason', (raw, reason) => {
    const r = parseInteger(raw, seconds);
    expect(r.value).toBeUndefined();
    expect(r.error).toMatch(reason);
  });
  it('reads whole numbers and leaves empty to the default', () => {
    expect(parseInteger(' 45 ', seconds)).toEqual({ value: 45 });
    expect(parseInteger('', seconds)).toEqual({});
  });
});

describe('urlError', () => {
  it('says what is wrong', () => {
    expect(urlError('not a url', { required: true })).toMatch(/"not a url" is not a URL/);
    expect(urlError('', { required: true })).toMatch(/Enter the pool master URL/);
    expect(urlError('', { required: false })).toBeUndefined();
    expect(urlError('ftp://x', { required: true })).toMatch(/http or https, not ftp/);
    expect(urlError('https://xs01.example.com:8443', { required: true })).toBeUndefined();
  });
});

describe('timeZoneError', () => {
  it('knows IANA names', () => {
    expect(timeZoneError('Mars/Olympus')).toMatch(/not a known IANA time zone/);
    expect(timeZoneError('Europe/Berlin')).toBeUndefined();
    expect(timeZoneError('')).toBeUndefined();
  });
});

describe('memberUrls', () => {
  it('uses the configured scheme and port and leaves out the configured host', () => {
    expect(memberUrls('https://10.0.0.1:8443', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.2', ''])).toEqual([
      'https://10.0.0.2:8443',
      'https://10.0.0.3:8443',
    ]);
    expect(memberUrls(undefined, ['fd00::2'])).toEqual(['https://[fd00::2]']);
  });

  it('keeps a port the address carries and leaves out the configured host:port', () => {
    expect(memberUrls('http://127.0.0.1:4001', ['127.0.0.1:4001', '127.0.0.1:4002', '[fd00::3]:4003'])).toEqual([
      'http://127.0.0.1:4002',
      'http://[fd00::3]:4003',
    ]);
  });
});
