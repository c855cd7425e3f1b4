import { PipelineWindow } from './pipeline-window';

describe('PipelineWindow', () => {
  it('gives room up to the window, then only as the pipeline answers', async () => {
    const answeredSoFar = new Set<string>();
    const asked: string[][] = [];
    const window = new PipelineWindow('acct', 3, async (accountId, ids) => {
      expect(accountId).toBe('acct');
      asked.push([...ids]);
      return new Set(ids.filter((id) => answeredSoFar.has(id)));
    });
    expect(await window.room(1, async () => true)).toBe(3);
    window.produced(['a', 'b']);
    expect(await window.room(1, async () => true)).toBe(1);
    window.produced(['c']);
    // Full: it waits; the pipeline answers b on the third look.
    let looks = 0;
    const room = await window.room(1, async () => {
      looks += 1;
      if (looks === 2) answeredSoFar.add('b');
      return true;
    });
    expect({ room, looks, size: window.size }).toEqual({ room: 1, looks: 2, size: 2 });
    // Three looks at the three outstanding sales (before each wait and after), b answered at the last.
    expect(asked.slice(-3)).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
  });

  it('stops waiting when told to (stopping, cancelled, lease lost): null', async () => {
    const window = new PipelineWindow('acct', 1, async () => new Set());
    window.produced(['x']);
    expect(await window.room(1, async () => false)).toBeNull();
  });
});
