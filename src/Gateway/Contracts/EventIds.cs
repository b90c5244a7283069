namespace Gateway.Contracts;

/// <summary>
/// Every logging event id of the gateway, in one place so that no two messages share one. Ids are grouped by the folder
/// that logs them; a new message takes the next free number of its folder's range. An id, once released, stays with its
/// message (operators filter on them). EventIdsTests fails on a duplicate.
/// </summary>
internal static class EventIds
{
    // Hosting
    public const int NoProviders = 1;
    public const int ProvidersConfigured = 2;
    public const int Draining = 3;
    public const int UnhandledException = 5;
    public const int ClientKeysConfigured = 6;
    public const int NoClientKeys = 7;
    public const int ConsoleWithAdmin = 8;
    public const int ConsoleWithoutAdmin = 9;
    public const int ConsoleListening = 11;
    public const int MetricsListening = 12;

    // Telemetry
    public const int RequestLine = 10;

    // Selection
    public const int SelectionPlan = 100;

    // Outcomes
    public const int AttemptFailed = 200;
    public const int StreamInterrupted = 204;
    public const int ResponseTruncated = 205;
    public const int CredentialRejected = 207;

    // Forwarding
    public const int Failover = 201;
    public const int AttemptsExhausted = 202;
    public const int AllCandidatesBlocked = 203;
    public const int StreamErrorEvent = 206;
    public const int DeadlinePassed = 208;
    public const int SameProviderRetry = 209;
    public const int Hedged = 230;
    public const int HedgeStarted = 231;
    public const int StreamContinuing = 240;
    public const int ContinuationRefused = 241;
    public const int ContinuationExhausted = 242;
    public const int MalformedEventDropped = 243;
    public const int StreamNotContinued = 244;

    // Health
    public const int SharedHealthDegraded = 300;
    public const int SharedHealthSharing = 301;
    public const int SharedHealthBadData = 302;
    public const int CircuitPublished = 303;
    public const int CircuitAdopted = 304;
    public const int CircuitPublishFailed = 305;
    public const int ProbeGranted = 306;
    public const int SharedHealthUnknownProvider = 307;
    public const int StaleProbeLock = 308;

    // Redis
    public const int RedisCreated = 320;
    public const int RedisCreateFailed = 321;
    public const int RedisConnectionLost = 322;
    public const int RedisConnectionRestored = 323;

    // Providers
    public const int AnthropicFieldsDropped = 400;
    public const int ModelDiscoveryFailed = 500;

    // Endpoints
    public const int ConversationSaveFailed = 410;
    public const int ConversationLoadFailed = 411;

    // Conversations
    public const int MemoryConversationTooLarge = 412;
    public const int MemoryConversationEvicted = 413;
    public const int RedisConversationTooLarge = 414;
    public const int RedisConversationEvicted = 415;
    public const int RedisConversationSweepFailed = 416;

    // Configuration
    public const int ConfigurationRejected = 700;
    public const int ConfigurationError = 701;
    public const int ConfigurationReloaded = 702;

    // Routing
    public const int RoutingTableSwapped = 710;
    public const int RoutingTableRejected = 711;
    public const int RoutingTableError = 712;
    public const int RoutingTableFailed = 713;

    // Store
    public const int StoreMigrated = 1200;
    public const int StoreUnavailable = 1201;
    public const int StoreRecovered = 1202;
    public const int ManagedProvidersWithoutStore = 1212;
    public const int StoreChangePublishFailed = 1220;
    public const int StoreVersionReloadFailed = 1221;
    public const int StoreWatchSubscribeFailed = 1230;
    public const int StoreWatchWrongKey = 1231;
    public const int StoreWatchSubscribed = 1232;

    // ManagedProviders
    public const int ManagedProvidersLoaded = 1210;
    public const int ManagedProviderUnusable = 1211;
    public const int StoreVersionBackwards = 1215;

    // Accounts
    public const int ClientKeysLoaded = 1300;
    public const int LastUsedFlushFailed = 1301;
    public const int LedgerFlushFailed = 1310;
    public const int OwnerLimitsRefreshFailed = 1311;
    public const int ProviderUsageRefreshFailed = 1320;
    public const int LedgerSpoolAppendFailed = 1335;
    public const int LedgerSpoolAdopted = 1336;
    public const int ReplicaShareChanged = 1337;
    public const int ReplicaHeartbeatFailed = 1338;
    public const int LimitOutageBegins = 1339;
    public const int ClientKeysNotLoaded = 1340;
    public const int ClientKeysLoadedAfterOutage = 1341;
    public const int LimitRedisUnreachable = 1342;
    public const int LimitOutageEnds = 1343;
    public const int SettleBatchFailed = 1344;
    public const int SettleBatchRetried = 1345;

    // Caching
    public const int CacheRedisUnavailable = 1400;
    public const int CacheStored = 1401;

    // Probing
    public const int ActiveProbeFailed = 1420;
    public const int ActiveProbePassed = 1421;
    public const int ActiveProbeNotSent = 1422;
    public const int ActiveProbeRoundFailed = 1423;
}
