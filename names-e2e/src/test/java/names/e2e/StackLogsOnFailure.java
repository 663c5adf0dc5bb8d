package names.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** A failed end-to-end test prints the tail of every container's log: the cause is usually in there. */
final class StackLogsOnFailure implements TestWatcher {

    private static final int LINES = 150;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (E2ETestBase.stackStarted()) {
            System.err.println("E2E test " + context.getDisplayName() + " failed; stack logs follow");
            System.err.println(ComposeStack.get().logs(LINES));
        }
    }
}
