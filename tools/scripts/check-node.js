// Fails the install early with a clear message when Node is too old for the pinned stack.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`guru-vhsys needs Node >= 20.19 (found ${process.versions.node}).`);
  process.exit(1);
}
