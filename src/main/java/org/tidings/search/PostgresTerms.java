package org.tidings.search;

/** Terms as PostgreSQL parameters, with every special character of LIKE and tsquery escaped. */
final class PostgresTerms {

    private PostgresTerms() {}

    /** A LIKE pattern (ESCAPE '\') for text containing the term anywhere. */
    static String containing(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * A tsquery for a 1-2 character term against the bigram vector: the quoted lexeme itself
     * (a 2-character term is one bigram), never normalised, since the vector is not either.
     */
    static String bigramQuery(String term) {
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
