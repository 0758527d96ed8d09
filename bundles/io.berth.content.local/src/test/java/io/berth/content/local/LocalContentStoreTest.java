package io.berth.content.local;

import java.nio.file.Path;

import io.berth.api.content.ContentStore;
import io.berth.content.testsuite.ContentStoreConformance;

class LocalContentStoreTest extends ContentStoreConformance {
    @Override
    protected ContentStore create(Path root) throws Exception {
        return new LocalContentStore(root);
    }
}
