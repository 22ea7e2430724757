package org.tidings.social;

record MemberView(long id, String username, String displayName, String role) {}
