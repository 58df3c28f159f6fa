package dev.slipway.store;

/** The store contract on {@link InMemoryArtifactStore}. */
class InMemoryArtifactStoreTest extends ArtifactStoreContract {

  @Override
  protected ArtifactStore newStore() {
    return new InMemoryArtifactStore();
  }
}
