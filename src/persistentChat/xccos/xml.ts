// Moved to src/common/xml.ts (provisioning needs it below this layer); kept until every import is updated.
export * from '../../common/xml';
