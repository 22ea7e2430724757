package org.tidings.social;

import org.tidings.testing.SqliteServer;

@SqliteServer
class SocialConversationsSqliteTest extends SocialConversationsContract {}
