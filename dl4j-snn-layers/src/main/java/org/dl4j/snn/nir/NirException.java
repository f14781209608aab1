package org.dl4j.snn.nir;

/**
 * A NIR file or graph that cannot be read, mapped or written: the message names the file (or model), the node and
 * what was expected. An {@link IllegalArgumentException}, so the command line reports it as one line.
 */
public class NirException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NirException(String message) {
        super(message);
    }

    public NirException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "SOURCE: node 'NAME' (TYPE): WHAT". */
    public static NirException atNode(String source, String node, String type, String what) {
        return new NirException(source + ": node '" + node + "'" + (type == null ? "" : " (" + type + ")") + ": "
                + what);
    }
}
