// Preloaded into a bundle's process with `node --import`: host names under the
// reserved .invalid domain (RFC 6761) fail to resolve at once with ENOTFOUND, as a
// misspelt host does, without any query leaving the machine. Other names resolve as usual.
import dns from "node:dns";

const original = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === "function" ? options : callback;
  if (typeof hostname === "string" && /\.invalid\.?$/i.test(hostname)) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", errno: -3008, syscall: "getaddrinfo", hostname });
    process.nextTick(() => done(error));
    return {};
  }
  return original.call(this, hostname, options, callback);
};
