package names.writer.web;

import jakarta.servlet.http.HttpServletRequest;

/** The paths of the write API: what the API key and the body limit guard. */
final class WritePaths {

    private WritePaths() {
    }

    static boolean isWriteApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/names") || path.startsWith("/names/");
    }
}
