package org.tidings.upload;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The files table, and where each file's bytes are on disk. */
@Repository
public class FileStore {

    private final JdbcClient jdbc;
    private final UploadSettings settings;

    FileStore(JdbcClient jdbc, UploadSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    long insert(JdbcClient tx, StoredFile file) {
        return tx.sql("""
                        INSERT INTO files (owner_id, conversation_id, name, byte_size, media_type, sha256,
                            storage_key, thumb_width, thumb_height, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(
                        file.ownerId(),
                        file.conversationId(),
                        file.name(),
                        file.size(),
                        file.mediaType(),
                        file.sha256(),
                        file.storageKey(),
                        file.thumbWidth(),
                        file.thumbHeight(),
                        file.createdAt())
                .query(Long.class)
                .single();
    }

    Optional<StoredFile> find(long id) {
        return jdbc.sql("SELECT * FROM files WHERE id = ?")
                .param(id)
                .query(FileStore::map)
                .optional();
    }

    /**
     * Where an attachment's bytes are, for features that package them (exports). The caller has
     * checked that its user may read the file's conversation.
     */
    public Optional<Path> contentOf(long fileId) {
        return find(fileId).map(file -> settings.file(file.storageKey()));
    }

    private static StoredFile map(ResultSet rs, int row) throws SQLException {
        int width = rs.getInt("thumb_width");
        Integer thumbWidth = rs.wasNull() ? null : width;
        int height = rs.getInt("thumb_height");
        Integer thumbHeight = rs.wasNull() ? null : height;
        return new StoredFile(
                rs.getLong("id"),
                rs.getLong("owner_id"),
                rs.getLong("conversation_id"),
                rs.getString("name"),
                rs.getLong("byte_size"),
                rs.getString("media_type"),
                rs.getString("sha256"),
                rs.getString("storage_key"),
                thumbWidth,
                thumbHeight,
                rs.getLong("created_at"));
    }
}
