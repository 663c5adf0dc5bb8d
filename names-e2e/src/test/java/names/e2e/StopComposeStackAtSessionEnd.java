package names.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Takes the compose stack down when the test run ends, while the JVM is still fully alive. A shutdown
 * hook alone is not enough: once the forked test JVM reports its results, Maven may end it while
 * `compose down` is half done, leaving the stack's volumes and network behind.
 */
public final class StopComposeStackAtSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ComposeStack.stopIfStarted();
    }
}
