// Preloaded into every Node process a test starts (NODE_OPTIONS=--require, set by loopback-setup.ts) and into
// the vitest workers themselves: a name lookup or a connection to anything but loopback fails at once, is
// written to stderr, and is recorded in the file EKS_LOGIN_TEST_OFFNET_LOG names, which loopback-setup.ts
// turns into a failed test. Tests must never reach beyond loopback (no real AWS endpoint, no DNS).
'use strict';
const dns = require('node:dns');
const net = require('node:net');
const fs = require('node:fs');

if (!globalThis.__eksLoginLoopbackGuard) {
  globalThis.__eksLoginLoopbackGuard = true;

  const isLoopback = (host) => {
    if (host === undefined || host === null || host === '') return true;
    const h = String(host)
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (h === 'localhost' || h.endsWith('.localhost')) return true;
    if (h === '::1' || h === '::' || h === '0.0.0.0' || h === '0:0:0:0:0:0:0:1') return true;
    return /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
  };

  const refuse = (what) => {
    const line = `${what} (pid ${process.pid}: ${process.argv.slice(1).join(' ')})`;
    const log = process.env.EKS_LOGIN_TEST_OFFNET_LOG;
    try {
      if (log) fs.appendFileSync(log, `${line}\n`);
    } catch {
      /* the guard still refuses */
    }
    try {
      process.stderr.write(`loopback guard: ${line}: tests must stay on loopback\n`);
    } catch {
      /* no stderr */
    }
    return Object.assign(new Error(`loopback guard: ${what} refused: tests must stay on loopback`), {
      code: 'ENOTFOUND',
      hostname: what,
    });
  };

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname, options, callback) {
    if (isLoopback(hostname)) return lookup.apply(this, arguments);
    const cb = typeof options === 'function' ? options : callback;
    const error = refuse(`DNS lookup of ${hostname}`);
    process.nextTick(() => cb(error));
    return {};
  };
  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = function guardedPromiseLookup(hostname) {
    if (isLoopback(hostname)) return promiseLookup.apply(this, arguments);
    return Promise.reject(refuse(`DNS lookup of ${hostname}`));
  };
  for (const name of [
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCname',
    'resolveMx',
    'resolveNs',
    'resolveSrv',
    'resolveTxt',
  ]) {
    const original = dns[name];
    if (typeof original === 'function') {
      dns[name] = function guardedResolve(hostname) {
        const cb = arguments[arguments.length - 1];
        const error = refuse(`DNS ${name} of ${hostname}`);
        if (typeof cb === 'function') process.nextTick(() => cb(error));
      };
    }
    if (typeof dns.promises[name] === 'function')
      dns.promises[name] = (hostname) => Promise.reject(refuse(`DNS ${name} of ${hostname}`));
  }

  // An IP literal skips the lookup: check the address a socket connects to.
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    let options = args[0];
    if (Array.isArray(options)) options = options[0];
    let host;
    let path;
    if (options && typeof options === 'object') {
      host = options.host;
      path = options.path;
    } else if (typeof options === 'string' && !/^\d+$/.test(options)) {
      path = options;
    } else if (typeof args[1] === 'string') {
      host = args[1];
    }
    if (!path && host && net.isIP(String(host).replace(/^\[|\]$/g, '')) && !isLoopback(host)) {
      const error = refuse(`connection to ${host}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };

  require('node:module').syncBuiltinESMExports();
}
