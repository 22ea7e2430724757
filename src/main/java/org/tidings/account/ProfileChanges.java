package org.tidings.account;

/**
 * Applies a change of display name or status and tells the user's contacts. Implemented by the
 * profile feature, which knows who the contacts are; accounts only validates the request.
 */
public interface ProfileChanges {

    /** Either may be null (unchanged); both are already validated and stripped. */
    void change(long userId, String displayName, String status);
}
