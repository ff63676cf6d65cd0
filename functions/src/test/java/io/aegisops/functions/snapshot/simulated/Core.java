package io.aegisops.functions.snapshot.simulated;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A CRaC implementation in the tests, so that {@code org.crac.Core} drives the hooks on any JDK: org.crac forwards
 * to the package named by the system property {@code org.crac.Core.Compat} (set for the functions' tests, and by
 * the cold-start probe), which must hold a {@code Core}, {@code Context}, {@code Resource}, {@code CheckpointException}
 * and {@code RestoreException}. {@link #checkpointRestore} runs every live resource's {@code beforeCheckpoint},
 * newest first, then its {@code afterRestore}, oldest first, as CRaC's global context does; no snapshot is taken.
 * Like CRaC's, the global context holds its resources weakly.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        GLOBAL.beforeCheckpoint(GLOBAL);
        GLOBAL.afterRestore(GLOBAL);
    }

    private static final class GlobalContext extends Context<Resource> {

        private final List<WeakReference<Resource>> registered = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            registered.removeIf(r -> r.get() == null);
            registered.add(new WeakReference<>(resource));
        }

        private synchronized List<Resource> live() {
            List<Resource> live = new ArrayList<>();
            for (WeakReference<Resource> ref : registered) {
                Resource resource = ref.get();
                if (resource != null) {
                    live.add(resource);
                }
            }
            return live;
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            CheckpointException failed = new CheckpointException();
            for (Resource resource : live().reversed()) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            RestoreException failed = new RestoreException();
            for (Resource resource : live()) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }
    }
}
