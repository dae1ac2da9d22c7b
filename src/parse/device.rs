//! What Cisco IOS and Huawei VRP parsing share.
