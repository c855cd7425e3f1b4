import { AccountGate } from './account-gate';

describe('AccountGate.trip', () => {
  it('opens the circuit on the first timeout, whatever the failure count', () => {
    let now = 1000;
    const gate = new AccountGate({ failureThreshold: 5, openMs: 2000, maxOpenMs: 60000 }, () => now);
    expect(gate.trip('a')).toBe(true);
    expect(gate.blockedUntil('a')).toBe(3000);
    expect(gate.trip('a')).toBe(false); // already open
    now = 3500;
    expect(gate.blockedUntil('a')).toBeNull();
    // The probe fails again: re-opened for twice as long.
    expect(gate.recordFailure('a')).toBe(true);
    expect(gate.blockedUntil('a')).toBe(3500 + 4000);
    gate.recordSuccess('a');
    expect(gate.isOpen('a')).toBe(false);
  });
});
