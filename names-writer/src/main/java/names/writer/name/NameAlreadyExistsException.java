package names.writer.name;

public class NameAlreadyExistsException extends RuntimeException {

    public NameAlreadyExistsException(String nconst) {
        super("name " + nconst + " already exists; use PUT to replace it");
    }
}
