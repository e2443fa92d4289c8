import { beforeEach, describe, expect, it } from 'vitest';
import { useNavStore } from '../../../src-renderer/stores/nav-store.js';

const nav = () => useNavStore.getState();

describe('leaving a screen with unsaved edits', () => {
  beforeEach(() => useNavStore.setState({ screen: 'settings', holdsUnsaved: false, pending: null }));

  it('leaves at once when nothing is unsaved', () => {
    nav().go('uploads');
    expect(nav()).toMatchObject({ screen: 'uploads', pending: null });
  });

  it('asks instead of leaving while edits are unsaved, and Stay keeps the screen', () => {
    nav().setHoldsUnsaved(true);
    nav().go('images');
    expect(nav()).toMatchObject({ screen: 'settings', pending: 'images' });
    nav().stay();
    expect(nav()).toMatchObject({ screen: 'settings', pending: null, holdsUnsaved: true });
  });

  it('goes where the user asked once the edits are saved or discarded', () => {
    nav().setHoldsUnsaved(true);
    nav().go('uploads');
    nav().proceed();
    expect(nav()).toMatchObject({ screen: 'uploads', pending: null, holdsUnsaved: false });
  });

  it('does not ask when asked to go to the screen already shown', () => {
    nav().setHoldsUnsaved(true);
    nav().go('settings');
    expect(nav().pending).toBeNull();
  });
});
