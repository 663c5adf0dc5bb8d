package names.writer.name;

public class NameNotFoundException extends RuntimeException {

    public NameNotFoundException(String nconst) {
        super("no name " + nconst);
    }
}
